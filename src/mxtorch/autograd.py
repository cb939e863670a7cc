"""Autograd for NDArray: recording, backward, grad, custom Functions.

MXNet records a graph only inside ``record()``; torch's grad mode is kept equal to that recording flag
(see _state.py), so outside ``record()`` nothing is recorded and in-place updates of parameters are legal.
``attach_grad``/``mark_variables`` make an array's tensor require grad and hang MXNet's gradient buffer and
grad_req on the tensor. ``backward`` walks the recorded graph from the heads to the marked leaves it
reaches, asks ``torch.autograd.grad`` for exactly those, and writes ('write') or adds ('add') the results
into their buffers; leaves that were not reached keep their gradients, as in MXNet."""
import torch

from . import _state
from ._symbol import Symbol
from .base import MXNetError
from .ndarray import registry
from .ndarray.ndarray import NDArray, _wrap

__all__ = ['record', 'pause', 'train_mode', 'predict_mode', 'is_recording', 'is_training', 'set_recording',
           'set_training', 'mark_variables', 'backward', 'grad', 'get_symbol', 'Function']

_NOT_IN_GRAPH = ('Cannot differentiate node because it is not in a computational graph. You need to set '
                 'is_recording to true or use autograd.record() to save computational graphs for backward. '
                 'If you want to differentiate the same graph twice, you need to pass retain_graph=True to '
                 'backward.')


class _GradInfo:
    """What MXNet keeps for a marked variable: its gradient buffer, grad_req, and whether the last backward
    wrote it."""
    __slots__ = ('grad', 'req', 'fresh')

    def __init__(self, grad, req):
        self.grad = grad
        self.req = req
        self.fresh = False


class _RecordingStateScope:
    """Scope for managing training state.

    Example::

        with _RecordingStateScope(True, True):
            y = model(x)
            backward([y])
    """
    __slots__ = ('_enter_is_record', '_enter_train_mode', '_prev')

    def __init__(self, is_record, train_mode):
        self._enter_is_record = is_record
        self._enter_train_mode = train_mode
        self._prev = None

    def __enter__(self):
        st = _state.state
        rec = st.recording if self._enter_is_record is None else self._enter_is_record
        train = st.training if self._enter_train_mode is None else self._enter_train_mode
        self._prev = _state.set_state(rec, train)

    def __exit__(self, ptype, value, trace):
        _state.set_state(*self._prev)


def set_recording(is_recording):
    """Set status to recording/not recording. When recording, graph will be constructed for gradient
    computation.

    Returns
    -------
    previous state before this set.
    """
    prev = _state.state.recording
    _state.set_state(bool(is_recording), _state.state.training)
    return prev


def set_training(train_mode):
    """Set status to training/predicting. This affects ctx.is_train in operator running context. For
    example, Dropout will drop inputs randomly when train_mode=True while simply passing through if
    train_mode=False.

    Returns
    -------
    previous state before this set.
    """
    prev = _state.state.training
    _state.set_state(_state.state.recording, bool(train_mode))
    return prev


def is_recording():
    """Get status on recording/not recording."""
    return _state.state.recording


def is_training():
    """Get status on training/predicting."""
    return _state.state.training


def record(train_mode=True):
    """Returns an autograd recording scope context to be used in 'with' statement and captures code that
    needs gradients to be calculated.

    .. note:: When forwarding with train_mode=False, the corresponding backward should also use
       train_mode=False, otherwise gradient is undefined.

    Example::

        with autograd.record():
            y = model(x)
            backward([y])
        metric.update(...)
        optim.step(...)

    Parameters
    ----------
    train_mode: bool, default True
        Whether the forward pass is in training or predicting mode. This controls the behavior of some
        layers such as Dropout, BatchNorm.
    """
    return _RecordingStateScope(True, train_mode)


def pause(train_mode=False):
    """Returns a scope context to be used in 'with' statement for codes that do not need gradients to be
    calculated.

    Parameters
    ----------
    train_mode: bool, default False
        Whether to do forward for training or predicting.
    """
    return _RecordingStateScope(False, train_mode)


def train_mode():
    """Returns a scope context to be used in 'with' statement in which forward pass behavior is set to
    training mode, without changing the recording states."""
    return _RecordingStateScope(None, True)


def predict_mode():
    """Returns a scope context to be used in 'with' statement in which forward pass behavior is set to
    inference mode, without changing the recording states."""
    return _RecordingStateScope(None, False)


def mark_variables(variables, gradients, grad_reqs='write'):
    """Mark NDArrays as variables to compute gradient for autograd.

    Parameters
    ----------
    variables: NDArray or list of NDArray
    gradients: NDArray or list of NDArray
        The buffers the gradients are written into.
    grad_reqs: str or list of str
        'write', 'add' or 'null'.
    """
    if isinstance(variables, NDArray):
        variables, gradients = [variables], [gradients]
    if isinstance(grad_reqs, str):
        grad_reqs = [grad_reqs] * len(variables)
    if len(variables) != len(gradients) or len(variables) != len(grad_reqs):
        raise MXNetError('mark_variables: {} variables, {} gradients and {} grad_reqs must match'.format(
            len(variables), len(gradients), len(grad_reqs)))
    for var, req in zip(variables, grad_reqs):
        if req not in ('write', 'add', 'null'):
            raise MXNetError("grad_req must be 'write', 'add' or 'null', got {!r}".format(req))
        if not isinstance(var, NDArray):
            raise TypeError('mark_variables: variables must be NDArrays, got {}'.format(type(var).__name__))
    for var, gradient, req in zip(variables, gradients, grad_reqs):
        t = var._t
        if t.grad_fn is not None:
            # an intermediate result becomes a new leaf, cut from the graph it came from
            t = var._t = t.detach()
        if req != 'null' and (t.is_floating_point() or t.is_complex()):
            t.requires_grad_(True)
        elif t.requires_grad:
            t.requires_grad_(False)
        t._mx_ag = _GradInfo(gradient, req)


def _as_heads(heads, head_grads):
    if isinstance(heads, NDArray):
        heads = [heads]
        if head_grads is not None and not isinstance(head_grads, (list, tuple)):
            head_grads = [head_grads]
    heads = list(heads)
    if head_grads is None:
        head_grads = [None] * len(heads)
    else:
        head_grads = list(head_grads)
        if len(head_grads) != len(heads):
            raise MXNetError('backward: {} heads but {} head gradients'.format(len(heads), len(head_grads)))
    pairs = list(zip(heads, head_grads))
    if len(pairs) > 1:
        # an array given twice as a head counts once, with the last gradient given for it (MXNet's rule)
        last = {id(h): i for i, h in enumerate(heads)}
        pairs = [(h, hg) for i, (h, hg) in enumerate(pairs) if last[id(h)] == i]
        heads = [h for h, _ in pairs]
    tensors, grads = [], []
    for h, hg in pairs:
        t = h._t
        if not t.requires_grad:
            raise MXNetError(_NOT_IN_GRAPH)
        tensors.append(t)
        if hg is None:
            grads.append(torch.ones_like(t))
        else:
            g = hg._t if isinstance(hg, NDArray) else torch.as_tensor(hg, dtype=t.dtype, device=t.device)
            if g.shape != t.shape:
                raise MXNetError('backward: head gradient of shape {} for a head of shape {}'.format(
                    tuple(g.shape), tuple(t.shape)))
            grads.append(g)
    return heads, tensors, grads


def _accumulate_grad_type():
    # the class of the graph nodes that stand for leaves (torch does not name it publicly)
    with torch.enable_grad():
        leaf = torch.zeros(1, requires_grad=True)
        return type((leaf * 1).grad_fn.next_functions[0][0])


_ACCUMULATE_GRAD = _accumulate_grad_type()


def _marked_leaves(tensors):
    """(the marked leaf tensors (grad_req 'write' or 'add') that the graph of `tensors` reaches, the set of
    graph nodes visited on the way)."""
    leaves = []
    seen = set()
    stack = []
    for t in tensors:
        if t.grad_fn is None:
            if getattr(t, '_mx_ag', None) is not None and id(t) not in seen:
                seen.add(id(t))
                leaves.append(t)
        else:
            stack.append(t.grad_fn)
    visited = set()      # the graph's operation nodes; a leaf's gradient accumulator is not one of them
    accumulators = set()
    while stack:
        node = stack.pop()
        if node is None or node in visited or node in accumulators:
            continue
        if type(node) is _ACCUMULATE_GRAD:
            variable = node.variable
            # a variable belongs to no graph in MXNet: other graphs that use it are not consumed with this one
            accumulators.add(node)
            if id(variable) not in seen and getattr(variable, '_mx_ag', None) is not None:
                seen.add(id(variable))
                leaves.append(variable)
            continue
        visited.add(node)
        for child, _ in node.next_functions:
            if child is not None:
                stack.append(child)
    return [t for t in leaves if t._mx_ag.req != 'null'], visited


def _reaches(root, consumed, known_clear):
    """Whether graph node `root` depends on a node of `consumed`; nodes found not to are added to
    `known_clear`, so that later walks stop there."""
    seen = {root}
    stack = [root]
    while stack:
        node = stack.pop()
        if node in consumed:
            return True
        for child, _ in node.next_functions:
            if child is not None and child not in seen and child not in known_clear:
                seen.add(child)
                stack.append(child)
    known_clear.update(seen)
    return False


def _cut_consumed(consumed):
    """Detach every recorded array that depends on the graph nodes `consumed` (a graph just freed by
    backward): in MXNet such arrays are constants from then on. Arrays of other graphs stay listed."""
    still = []
    known_clear = set()
    for ref in registry.in_graph:
        array = ref()
        if array is None:
            continue
        fn = array._t.grad_fn
        if fn is None:
            continue
        if fn in consumed or (fn not in known_clear and _reaches(fn, consumed, known_clear)):
            array._t = array._t.detach()
        else:
            still.append(ref)
    registry.in_graph[:] = still


def backward(heads, head_grads=None, retain_graph=False, train_mode=True):
    """Compute the gradients of heads w.r.t previously marked variables.

    Parameters
    ----------
    heads: NDArray or list of NDArray
        Output NDArray(s)
    head_grads: NDArray or list of NDArray or None
        Gradients with respect to heads (ones when None: a non-scalar head is summed).
    retain_graph: bool
        Whether the graph is kept for another backward.
    train_mode: bool, optional
        Whether to do backward for training or predicting.
    """
    heads, tensors, grads = _as_heads(heads, head_grads)
    leaves, nodes = _marked_leaves(tensors)
    with _RecordingStateScope(False, train_mode):
        if leaves:
            results = torch.autograd.grad(tensors, leaves, grad_outputs=grads, retain_graph=retain_graph,
                                          allow_unused=True)
        else:
            results = ()
    for leaf, g in zip(leaves, results):
        if g is None:
            continue
        info = leaf._mx_ag
        buf = info.grad._t
        if info.req == 'write':
            buf.copy_(g)
        else:
            buf.add_(g)
        info.fresh = True
    if not retain_graph:
        # the graph is consumed: its arrays become constants and a second backward from these heads is an
        # error, as in MXNet
        _cut_consumed(nodes)
        for h, t in zip(heads, tensors):
            if t.grad_fn is not None:
                h._t = t.detach()


def grad(heads, variables, head_grads=None, retain_graph=None, create_graph=False, train_mode=True):
    """Compute the gradients of heads w.r.t variables. Gradients will be returned as new NDArrays instead
    of stored into `variable.grad`. Supports recording gradient graph for computing higher order
    gradients.

    Parameters
    ----------
    heads: NDArray or list of NDArray
        Output NDArray(s)
    variables: NDArray or list of NDArray
        Input variables to compute gradients for.
    head_grads: NDArray or list of NDArray or None
        Gradients with respect to heads.
    retain_graph: bool
        Whether to keep computation graph to differentiate again, instead of clearing history and
        release memory. Defaults to the same value as create_graph.
    create_graph: bool
        Whether to record gradient graph for computing higher order gradients.
    train_mode: bool, optional
        Whether to do backward for training or prediction.

    Returns
    -------
    NDArray or list of NDArray:
        Gradients with respect to variables.
    """
    single = isinstance(variables, NDArray)
    variables = [variables] if single else list(variables)
    heads, tensors, grads = _as_heads(heads, head_grads)
    if retain_graph is None:
        retain_graph = create_graph
    for v in variables:
        if not v._t.requires_grad:
            raise MXNetError('grad: a variable has no gradient attached; call attach_grad() on it before '
                             'recording')
    with _RecordingStateScope(create_graph, train_mode):
        results = torch.autograd.grad(tensors, [v._t for v in variables], grad_outputs=grads,
                                      retain_graph=retain_graph, create_graph=create_graph, allow_unused=True)
    if not retain_graph:
        _cut_consumed(_marked_leaves(tensors)[1])
    out = [_wrap(torch.zeros_like(v._t) if g is None else g) for v, g in zip(variables, results)]
    return out[0] if single else out


def get_symbol(x):
    """Retrieve recorded computation history as a Symbol-like object listing the variables (``var0``, ...)
    the array was computed from. mxtorch has no Symbol API: the result only describes the graph (see
    ``mxtorch._symbol.Symbol``)."""
    leaves = _marked_leaves([x._t])[0] if x._t.requires_grad else []
    return Symbol(None, ['var%d' % i for i in range(len(leaves))])


class Function:
    """Customize differentiation in autograd.

    If you don't want to use the gradients computed by the default chain-rule, you can use Function to
    customize differentiation for computation. You define your computation in the forward method and
    provide the customized differentiation in the backward method. During gradient computation, autograd
    will use the user-defined backward function instead of the default chain-rule. You can also cast to
    numpy array and back for some operations in forward and backward.

    For example, a stable sigmoid function can be defined as::

        class sigmoid(mx.autograd.Function):
            def forward(self, x):
                y = 1 / (1 + mx.nd.exp(-x))
                self.save_for_backward(y)
                return y

            def backward(self, dy):
                # backward takes as many inputs as forward's return value,
                # and returns as many NDArrays as forward's arguments.
                y, = self.saved_tensors
                return dy * y * (1-y)

    Then, the function can be used in the following way::

        func = sigmoid()
        x = mx.nd.random.uniform(shape=(10,))
        x.attach_grad()

        with mx.autograd.record():
            m = func(x)
            m.backward()
        dx = x.grad.asnumpy()
    """

    def __init__(self):
        self._saved = ()

    def save_for_backward(self, *args):
        self._saved = args

    @property
    def saved_tensors(self):
        return self._saved

    def __call__(self, *inputs):
        outputs = _FunctionBridge.apply(self, *[x._t for x in inputs])
        single = isinstance(outputs, torch.Tensor)
        wrapped = [_wrap(o) for o in ((outputs,) if single else outputs)]
        return wrapped[0] if single else wrapped

    def forward(self, *inputs):
        """Forward computation."""
        raise NotImplementedError

    def backward(self, *output_grads):
        """Backward computation.

        Takes as many inputs as forward's outputs, and returns as many NDArrays as forward's inputs."""
        raise NotImplementedError


class _FunctionBridge(torch.autograd.Function):
    """Runs an MXNet-style Function's forward and backward inside torch's autograd."""

    @staticmethod
    def forward(ctx, function, *tensors):
        ctx.function = function
        # torch has turned grad mode off here; MXNet's recording flag must read False too
        st = _state.state
        recording, st.recording = st.recording, False
        try:
            outputs = function.forward(*[_wrap(t) for t in tensors])
        finally:
            st.recording = recording
        single = isinstance(outputs, NDArray)
        ctx.single = single
        result = tuple(o._t for o in ((outputs,) if single else outputs))
        return result[0] if single else result

    @staticmethod
    def backward(ctx, *grads):
        st = _state.state
        recording, st.recording = st.recording, False
        try:
            in_grads = ctx.function.backward(*[_wrap(g) for g in grads])
        finally:
            st.recording = recording
        if isinstance(in_grads, NDArray):
            in_grads = (in_grads,)
        return (None,) + tuple(g._t if isinstance(g, NDArray) else g for g in in_grads)
