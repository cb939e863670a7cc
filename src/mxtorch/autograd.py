"""Automatic differentiation of NDArray computations, as in MXNet.

Nothing is recorded unless the current thread is inside ``record()``; ``attach_grad()`` (or
``mark_variables``) makes an array a variable with a gradient buffer, and ``backward`` fills the buffers
of the variables a recorded result depends on, while ``grad`` returns gradients as new arrays and can
record them for higher-order derivatives. ``Function`` lets a user write both directions of an
operation. The machinery, on torch's engine, is mxtorch._autograd.
"""
import torch

from . import _autograd, _recorded_graph, _state
from .base import MXNetError
from .ndarray.ndarray import NDArray, _wrap
from .ndarray import sparse as _sparse

__all__ = ['record', 'pause', 'train_mode', 'predict_mode', 'is_recording', 'is_training', 'set_recording',
           'set_training', 'mark_variables', 'backward', 'grad', 'get_symbol', 'Function']


class _RecordingStateScope:
    """A ``with`` scope that sets this thread's recording and training flags (None: leave it) on entry
    and restores both on exit."""
    __slots__ = ('_enter_is_record', '_enter_train_mode', '_prev')

    def __init__(self, is_record, train_mode):
        self._enter_is_record = is_record
        self._enter_train_mode = train_mode
        self._prev = None

    def __enter__(self):
        flags = _state.state
        recording = flags.recording if self._enter_is_record is None else self._enter_is_record
        training = flags.training if self._enter_train_mode is None else self._enter_train_mode
        self._prev = _state.set_state(recording, training)

    def __exit__(self, ptype, value, trace):
        _state.set_state(*self._prev)


def set_recording(is_recording):
    """Turn recording on or off in this thread; returns the previous setting."""
    flags = _state.state
    return _state.set_state(bool(is_recording), flags.training)[0]


def set_training(train_mode):
    """Turn training mode (which Dropout, BatchNorm, ... read) on or off in this thread; returns the
    previous setting."""
    flags = _state.state
    return _state.set_state(flags.recording, bool(train_mode))[1]


def is_recording():
    """Whether this thread records operations for backward."""
    return _state.state.recording


def is_training():
    """Whether this thread runs layers in training mode."""
    return _state.state.training


def record(train_mode=True):
    """A ``with`` scope in which operations are recorded for backward, in training mode unless
    `train_mode` is False (then use ``backward(train_mode=False)`` as well).

    >>> with autograd.record():
    ...     loss = loss_fn(net(x), y)
    >>> loss.backward()
    """
    return _RecordingStateScope(True, train_mode)


def pause(train_mode=False):
    """A ``with`` scope, inside ``record()``, in which nothing is recorded (prediction mode unless
    `train_mode`)."""
    return _RecordingStateScope(False, train_mode)


def train_mode():
    """A ``with`` scope in training mode that leaves recording as it is."""
    return _RecordingStateScope(None, True)


def predict_mode():
    """A ``with`` scope in prediction mode that leaves recording as it is."""
    return _RecordingStateScope(None, False)


def mark_variables(variables, gradients, grad_reqs='write'):
    """Make arrays variables, with the given arrays as their gradient buffers.

    Parameters
    ----------
    variables : NDArray or list of NDArray
    gradients : NDArray or list of NDArray
        One buffer per variable, which backward writes or adds into.
    grad_reqs : str or list of str
        'write' (overwrite), 'add' (accumulate) or 'null' (no gradient): one for all, or one per variable.
    """
    if isinstance(variables, NDArray):
        variables, gradients = [variables], [gradients]
    if isinstance(grad_reqs, str):
        grad_reqs = [grad_reqs] * len(variables)
    if not len(variables) == len(gradients) == len(grad_reqs):
        raise MXNetError('mark_variables: {} variables, {} gradients and {} grad_reqs must match'.format(
            len(variables), len(gradients), len(grad_reqs)))
    for variable, req in zip(variables, grad_reqs):
        if req not in _autograd.GRAD_REQS:
            raise MXNetError("grad_req must be 'write', 'add' or 'null', got {!r}".format(req))
        if not isinstance(variable, NDArray):
            raise TypeError('mark_variables: variables must be NDArrays, got {}'.format(type(variable).__name__))
    # csr/row_sparse variables and gradient buffers (nd.sparse)
    gradients = [_sparse.grad_target(v, g) for v, g in zip(variables, gradients)]
    _autograd.mark(variables, gradients, grad_reqs)


def _head_list(heads, head_grads):
    if isinstance(heads, NDArray):
        heads = [heads]
        if head_grads is not None and not isinstance(head_grads, (list, tuple)):
            head_grads = [head_grads]
    return list(heads), None if head_grads is None else list(head_grads)


def backward(heads, head_grads=None, retain_graph=False, train_mode=True):
    """Compute the gradients of recorded `heads` into the buffers of the variables they depend on.

    Parameters
    ----------
    heads : NDArray or list of NDArray
    head_grads : NDArray or list of NDArray or None
        The gradients with respect to the heads; ones (a non-scalar head is summed) where None.
    retain_graph : bool
        Keep the graph for another backward; without it the graph is freed and its arrays become
        constants.
    train_mode : bool
        Run the backward pass in training mode.
    """
    heads, head_grads = _head_list(heads, head_grads)
    _autograd.backward(heads, head_grads, retain_graph, train_mode)


def grad(heads, variables, head_grads=None, retain_graph=None, create_graph=False, train_mode=True):
    """The gradients of recorded `heads` with respect to `variables`, as new arrays (the variables'
    buffers are left alone).

    Parameters
    ----------
    heads : NDArray or list of NDArray
    variables : NDArray or list of NDArray
        Variables (``attach_grad()``) the heads were recorded from.
    head_grads : NDArray or list of NDArray or None
        The gradients with respect to the heads; ones where None.
    retain_graph : bool
        Keep the graph for another backward or grad; defaults to `create_graph`.
    create_graph : bool
        Record the computation of the gradients, so that they can be differentiated again.
    train_mode : bool
        Run the backward pass in training mode.

    Returns
    -------
    list of NDArray
        One gradient per variable (a list even for a single variable, as in MXNet).

    A variable that is not one (no attach_grad, grad_req 'null', a recorded result) or that the heads'
    graph does not reach is MXNet's MXNetError naming it ("Cannot differentiate with respect to the 2-th
    variable ..."); the graph is then left as it was.
    """
    variables = [variables] if isinstance(variables, NDArray) else list(variables)
    if not variables:
        raise AssertionError('variables cannot be an empty list.')
    heads, head_grads = _head_list(heads, head_grads)
    gradients = _autograd.grad(heads, variables, head_grads, retain_graph, create_graph, train_mode)
    if not create_graph:
        return [_wrap(g) for g in gradients]
    results = []
    for g in gradients:
        # recorded gradients stay in their graph whether or not the caller records
        array = NDArray(g)
        _autograd.note(array)
        results.append(array)
    return results


def get_symbol(x):
    """The Symbol of the graph recorded for `x`, read from torch's autograd graph: one node per recorded
    operation, named ``node_0``, ``node_1``, ... in graph order, its variables ``var0``, ``var1``, ...
    (arrays with a gradient) and ``null0``, ... (other arrays). Operations appear as the MXNet operators
    they come from (``broadcast_mul``, ``_plus_scalar``, ``relu``, ``sum``, ...); torch's layout-only steps
    (views, copies, transposes) are not shown, and an operation with no MXNet counterpart is an opaque
    ``_CachedOp`` node, as is a hybridized block's call unless its graph has at most `inline_limit`
    operators (see HybridBlock.hybridize), when its own nodes appear instead. Scalars that torch does not
    keep (those added or subtracted) are missing from the nodes' attributes."""
    if not isinstance(x, NDArray):
        raise TypeError('get_symbol expects an NDArray, got {}'.format(type(x).__name__))
    return _recorded_graph.symbol_of(x._t)


class Function:
    """An operation whose gradient the user writes: subclass it, compute the result in ``forward`` and
    the gradients of the inputs in ``backward``.

    ``forward`` receives the input arrays and returns one array or a tuple; ``backward`` receives one
    gradient per output and returns one gradient per input. ``save_for_backward`` keeps arrays for
    ``backward`` in ``saved_tensors``. Neither direction is recorded.

    >>> class Square(mx.autograd.Function):
    ...     def forward(self, x):
    ...         self.save_for_backward(x)
    ...         return x * x
    ...     def backward(self, dy):
    ...         x, = self.saved_tensors
    ...         return 2 * x * dy
    >>> x = mx.nd.array([3.]); x.attach_grad()
    >>> with mx.autograd.record():
    ...     y = Square()(x)
    >>> y.backward(); x.grad
    [6.]
    <NDArray 1 @cpu(0)>
    """

    def __init__(self):
        self._saved = ()

    def save_for_backward(self, *args):
        self._saved = args

    @property
    def saved_tensors(self):
        return self._saved

    def __call__(self, *inputs):
        outputs = _TorchFunction.apply(self, *[x._t for x in inputs])
        if isinstance(outputs, torch.Tensor):
            return _wrap(outputs)
        return [_wrap(o) for o in outputs]

    def forward(self, *inputs):
        """The result (an NDArray or a tuple of them) of the inputs."""
        raise NotImplementedError

    def backward(self, *output_grads):
        """The gradients of the inputs (one NDArray each) given those of the outputs."""
        raise NotImplementedError


class _TorchFunction(torch.autograd.Function):
    """Runs a Function's forward and backward as a node of torch's graph."""

    @staticmethod
    def forward(ctx, function, *tensors):
        ctx.function = function
        outputs = _unrecorded(function.forward, tensors)
        ctx.single = isinstance(outputs, NDArray)
        return outputs._t if ctx.single else tuple(o._t for o in outputs)

    @staticmethod
    def backward(ctx, *grads):
        in_grads = _unrecorded(ctx.function.backward, grads)
        if isinstance(in_grads, NDArray):
            in_grads = (in_grads,)
        return (None,) + tuple(g._t if isinstance(g, NDArray) else g for g in in_grads)


def _unrecorded(method, tensors):
    """Call a Function's method on NDArrays of `tensors` with MXNet's recording flag off (torch has turned
    its grad mode off for forward, and sets it for backward)."""
    grad_mode = torch.is_grad_enabled()
    previous = _state.set_state(False, _state.state.training)
    # torch's grad mode as torch set it (this may also be the first look at the flags in one of torch's
    # backward threads, which turns grad mode off)
    torch.set_grad_enabled(grad_mode)
    try:
        return method(*[_wrap(t) for t in tensors])
    finally:
        _state.set_state(*previous)
        torch.set_grad_enabled(grad_mode)
