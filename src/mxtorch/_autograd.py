"""MXNet's autograd rules on torch's engine, working on tensors and on the arrays that hold them (anything
with a ``_t`` tensor): the core under ``NDArray.attach_grad``/``backward`` and mxtorch.autograd.

Variables. Marking an array makes its tensor require grad and hangs a ``Grad`` record on the tensor (the
MXNet gradient buffer, grad_req, and whether the last backward wrote it). Backward finds the marked leaves
that the heads' graph reaches, asks torch's engine for exactly those and writes ('write') or adds ('add')
into their buffers; a 'write' takes the engine's gradient tensor as the buffer's memory where no view or
other holder could tell (``_adopt``), as torch's AccumulateGrad steals a gradient, else copies it. Leaves not reached keep their gradients, which torch's ``.grad`` (always
accumulated, on every leaf) would not give.

Consumed graphs. MXNet frees a graph at a backward without ``retain_graph``; every array computed in it is
a constant from then on. Each thread lists weak references to its arrays whose tensors are in a graph (one
per recorded result, pruned as arrays die: ``recorded``); such a backward detaches those that depend on
the consumed part. An array recorded in another thread is not touched.

Threads. A thread that never read mxtorch's flags still has torch's default grad mode, on. A result that
requires grad there was recorded outside ``autograd.record()``: ``recorded`` reads the flags (which turns
grad mode off for the thread) and detaches it. ``check_write`` does the same for writes into variables.
Both run only where a tensor requires grad, so operators on ordinary arrays pay nothing for this.
"""
import sys
import weakref

import torch

from . import _state
from .base import MXNetError, TORCH_TO_NAME

__all__ = ['Grad', 'mark', 'recorded', 'note', 'check_write', 'reached_leaves', 'backward', 'grad']

_ref = weakref.ref
_getrefcount = sys.getrefcount
_use_count = torch._C._storage_Use_Count

NOT_IN_GRAPH = ('Cannot differentiate node because it is not in a computational graph. You need to set '
                'is_recording to true or use autograd.record() to save computational graphs for backward. '
                'If you want to differentiate the same graph twice, you need to pass retain_graph=True to '
                'backward.')
_ASSIGN_IN_GRAPH = ('Assigning to NDArrays that are already in a computational graph will cause undefined '
                    'behavior when evaluating gradients. Please call backward first to clear the graph or do '
                    'this out side of a record section. Also note that you cannot use inplace operations like '
                    '+=, *=, relu(x, out=x), y[idx]=x, etc inside a record section.')
_INPLACE_RECORDING = 'Inplace operations (+=, -=, x[:]=, etc) are not supported when recording with autograd.'
_NOT_A_VARIABLE = 'Cannot differentiate with respect to the {}-th variable because it does not require gradient.'
_UNREACHABLE = 'Cannot differentiate with respect to the {}-th variable because it is unreachable from the outputs.'
_NO_INPUTS = 'There are no inputs in computation graph that require gradients.'
GRAD_REQS = ('write', 'add', 'null')


class Grad:
    """What a variable carries: its gradient buffer (an NDArray), grad_req, and whether the last backward
    wrote the buffer (``fresh``)."""
    __slots__ = ('grad', 'req', 'fresh')

    def __init__(self, grad, req):
        self.grad = grad
        self.req = req
        self.fresh = False


def mark(arrays, buffers, reqs):
    """Make `arrays` variables with gradient `buffers` and grad_reqs `reqs` (checked by the caller). A
    recorded result becomes a new leaf, cut from the graph it came from; integer arrays and 'null' take
    part in no graph."""
    for array, buffer, req in zip(arrays, buffers, reqs):
        t = array._t
        if t.grad_fn is not None:
            t = array._t = t.detach()
        differentiable = req != 'null' and (t.is_floating_point() or t.is_complex())
        if t.requires_grad != differentiable:
            t.requires_grad_(differentiable)
        t._mx_ag = Grad(buffer, req)


# ---- the arrays of this thread's graphs ------------------------------------------------------------------
def recorded(array):
    """Account for a new array whose tensor requires grad (the operator functions call this). A variable
    itself may be listed too: it is dropped at the next pruning."""
    graph = _state.state.recording_into
    if graph is not None:
        graph.append(_ref(array))
        if len(graph) > graph.limit:
            _prune(graph)
    elif not array._t.is_leaf:
        # torch's default grad mode in a thread that had not read the flags (reading them just turned it
        # off): in MXNet nothing is recorded outside record()
        array._t = array._t.detach()


def note(array):
    """List an array whose tensor is in a graph whatever the recording flag says (the gradients that
    ``grad(create_graph=True)`` returns)."""
    graph = _state.state.graph
    graph.append(_ref(array))
    if len(graph) > graph.limit:
        _prune(graph)


def _prune(graph):
    """Drop, in place, the references to arrays that died or are not in a graph; the list may then grow
    to twice what is left, so that pruning costs O(1) per recorded array."""
    live = []
    for ref in graph:
        array = ref()
        if array is not None and not array._t.is_leaf:
            live.append(ref)
    graph[:] = live
    graph.limit = max(_state.GRAPH_LIMIT, 2 * len(live))


def check_write(target, value, value_is_input=True):
    """MXNet's rules for writing into an existing tensor while torch's grad mode is on (the only time a
    caller needs to ask): a tensor in a graph must not be written, and a write whose target is also one of
    its inputs must not take a recorded value. Outside record() (grad mode on only because this thread had
    not read the flags, which turns it off) every write is allowed."""
    if not _state.state.recording:
        return
    if target.requires_grad:
        raise MXNetError(_ASSIGN_IN_GRAPH)
    if value_is_input and isinstance(value, torch.Tensor) and value.requires_grad:
        raise MXNetError(_INPLACE_RECORDING)


# ---- walking a graph -------------------------------------------------------------------------------------
def _leaf_node_type():
    # torch does not name the node type that stands for a leaf in a graph; ask it for one
    with torch.enable_grad():
        leaf = torch.zeros(1, requires_grad=True)
        return type((leaf * 1).grad_fn.next_functions[0][0])


_LEAF_NODE = _leaf_node_type()


def reached_leaves(tensors):
    """(the variables whose grad_req is not 'null' that the graphs of `tensors` reach, the set of the
    graphs' operation nodes). A variable's own node is not an operation node: a variable belongs to no
    graph, and other graphs using it survive the consumption of this one."""
    leaves, seen = [], set()

    def add(variable):
        if id(variable) not in seen:
            seen.add(id(variable))
            if getattr(variable, '_mx_ag', None) is not None:
                leaves.append(variable)
            else:
                # a recorded gradient that torch made a constant (see grad) stands for its variable
                for source in getattr(variable, '_mx_reaches', ()):
                    add(source)

    nodes, leaf_nodes = set(), set()
    todo = []
    for t in tensors:
        if t.grad_fn is None:
            add(t)
        else:
            todo.append(t.grad_fn)
    while todo:
        node = todo.pop()
        if node in nodes or node in leaf_nodes:
            continue
        if type(node) is _LEAF_NODE:
            leaf_nodes.add(node)
            add(node.variable)
            continue
        nodes.add(node)
        todo.extend(child for child, _ in node.next_functions if child is not None)
    return [t for t in leaves if t._mx_ag.req != 'null'], nodes


def _depends_on(node, consumed, independent):
    """Whether graph node `node` leads to one of `consumed`; the nodes found not to are added to
    `independent`, where later searches stop."""
    seen, todo = {node}, [node]
    while todo:
        n = todo.pop()
        if n in consumed:
            return True
        for child, _ in n.next_functions:
            if child is not None and child not in seen and child not in independent:
                seen.add(child)
                todo.append(child)
    independent.update(seen)
    return False


_KEEPS_SAVED = {}   # node class -> whether its instances hold saved tensors (that a backward frees)


def _keeps_saved(node):
    cls = type(node)
    keeps = _KEEPS_SAVED.get(cls)
    if keeps is None:
        keeps = _KEEPS_SAVED[cls] = any(name.startswith('_saved_') for name in dir(node))
    return keeps


def _freed(nodes, graph):
    """The nodes of `nodes` that MXNet's consumption frees: those that stand for an operation, as some
    recorded array's node does, and those that lose saved tensors. A torch node that only helps carry out
    one operation and keeps nothing (the transposed weight inside FullyConnected) belongs to the forward
    graph as much as to this one, and the forward graph must survive the consumption of a gradient's."""
    owned = set()
    for ref in graph:
        array = ref()
        if array is not None and array._t.grad_fn is not None:
            owned.add(array._t.grad_fn)
    return {node for node in nodes if node in owned or _keeps_saved(node)}


def _consume(nodes):
    """Detach this thread's arrays that depend on `nodes` (a graph a backward just freed)."""
    graph = _state.state.graph
    # an array's own node stands for its operation, so it is freed when it was run; which of the other
    # nodes count is only asked (at some cost) when an array is not one of the run nodes itself
    freed = None
    kept, independent = [], set()
    for ref in graph:
        array = ref()
        if array is None:
            continue
        fn = array._t.grad_fn
        if fn is None:
            continue
        if fn not in nodes and fn not in independent:
            if freed is None:
                freed = _freed(nodes, graph)
            if not _depends_on(fn, freed, independent):
                kept.append(ref)
                continue
        elif fn not in nodes:
            kept.append(ref)
            continue
        array._t = array._t.detach()
    graph[:] = kept
    graph.limit = max(_state.GRAPH_LIMIT, 2 * len(kept))


# ---- backward and grad -----------------------------------------------------------------------------------
def _heads(heads, head_grads):
    """(head arrays, their tensors, their gradients as tensors). An array given twice as a head counts once,
    with the gradient given last for it (MXNet's rule)."""
    if head_grads is None:
        head_grads = [None] * len(heads)
    elif len(head_grads) != len(heads):
        raise AssertionError('heads and head_grads must be lists of the same length')  # MXNet's words
    pairs = list(zip(heads, head_grads))
    if len(pairs) > 1:
        last = {id(h): i for i, h in enumerate(heads)}
        pairs = [p for i, p in enumerate(pairs) if last[id(p[0])] == i]
    arrays, tensors, grads = [], [], []
    for head, head_grad in pairs:
        t = head._t
        if not t.requires_grad:
            # an mx.np result of integers or booleans computed from variables stands in the graph through
            # its floating-point shadow (see mxtorch.numpy._shadow)
            t = getattr(t, '_mx_shadow', None)
            if t is None:
                raise MXNetError(NOT_IN_GRAPH)
        if head_grad is None:
            g = torch.ones_like(t)
        else:
            g = getattr(head_grad, '_t', None)
            if g is None:
                g = torch.as_tensor(head_grad, dtype=t.dtype, device=t.device)
            if g.shape != t.shape:
                if g.numel() < t.numel():
                    raise MXNetError('backward: head gradient of shape {} for a head of shape {}'.format(
                        tuple(g.shape), tuple(t.shape)))
                # MXNet reads the head gradient's memory in the head's shape: its first elements
                g = g.reshape(-1)[:t.numel()].view(t.shape)
            if g.dtype is not t.dtype:
                # MXNet takes such a gradient where the head's operator is a reduction (sum, mean, a loss)
                # and refuses it elsewhere, per operator; mxtorch takes it, cast to the head's dtype
                g = g.to(t.dtype)
        arrays.append(head)
        tensors.append(t)
        grads.append(g)
    return arrays, tensors, grads


_engine_run_backward = getattr(getattr(torch.autograd, 'graph', None), '_engine_run_backward', None)


def _run_backward(tensors, grads, retain_graph, leaves):
    """torch.autograd.grad(tensors, leaves, grads, retain_graph, allow_unused=True). The heads and their
    gradients are already checked tensors of matching shapes, so the engine is called directly where this
    torch has its entry point, without grad()'s argument normalisation."""
    if _engine_run_backward is None:
        return torch.autograd.grad(tensors, leaves, grad_outputs=grads, retain_graph=retain_graph,
                                   allow_unused=True)
    return _engine_run_backward(tuple(tensors), tuple(grads), retain_graph, False, tuple(leaves), True,
                                accumulate_grad=False)


_PLAIN_BUFFER = {}   # array class -> whether its ``_t`` is a plain slot (dense), not a sparse view


def _alone(t, references):
    """Whether tensor `t` (which `references` Python references hold, counting getrefcount's) is contiguous
    over all of its storage and no other tensor shares that memory. A tensor alone on its storage counts 2
    uses of it (itself and the storage object); a view of a base made for it alone (as the engine makes
    a transposed product) counts the base too, which nothing else may hold: its references are the caller's,
    getrefcount's and the one its tensor keeps while the view holds it."""
    if _getrefcount(t) > references or t.storage_offset() or not t.is_contiguous():
        return False
    storage = t.untyped_storage()
    if storage.nbytes() != t.numel() * t.element_size():
        return False
    base = t._base
    if base is None:
        return _use_count(storage._cdata) <= 2
    return base._base is None and _getrefcount(base) <= 3 and _use_count(storage._cdata) <= 3


def _adopt(buffer_array, g):
    """For grad_req 'write': make the gradient tensor `g` that the engine just computed the buffer's memory
    instead of copying it in, as torch's own AccumulateGrad does, where nothing can tell the difference:
    the buffer is dense and alone on its memory (a slice of it, or a flat bucket of gradients it belongs
    to, would keep the old memory), and so is `g`, which nothing else holds either (a head gradient handed
    through, or one tensor returned for two variables, is copied)."""
    cls = type(buffer_array)
    plain = _PLAIN_BUFFER.get(cls)
    if plain is None:
        plain = _PLAIN_BUFFER[cls] = type(getattr(cls, '_t', None)).__name__ == 'member_descriptor'
    if not plain:
        return False
    buffer = buffer_array._t
    if g.dtype is not buffer.dtype or g.shape != buffer.shape or g.device != buffer.device:
        return False
    # g's references: the engine's result tuple, the caller's variable, ours, _alone's and getrefcount's
    # (a head gradient is also in the caller's list of them; a tensor given to two variables, twice in the
    # tuple). The buffer's: its array's, ours, _alone's, getrefcount's, and any a user keeps (it stays).
    if not (_alone(g, 5) and _alone(buffer, 4)):
        return False
    buffer_array._t = g
    return True


def backward(heads, head_grads=None, retain_graph=False, train_mode=True):
    """Gradients of `heads` (arrays; `head_grads` arrays, numbers or None) into the buffers of the
    variables their graph reaches; without `retain_graph` the graph is consumed."""
    if not heads:
        raise MXNetError(_NO_INPUTS)
    heads, tensors, grads = _heads(heads, head_grads)
    leaves, nodes = reached_leaves(tensors)
    if leaves:
        previous = _state.set_state(False, train_mode)
        try:
            results = _run_backward(tensors, grads, retain_graph, leaves)
        finally:
            _state.set_state(*previous)
        for i in range(len(leaves)):    # (no zip: its tuple would hold g too, see _adopt)
            g = results[i]
            if g is not None:
                info = leaves[i]._mx_ag
                if info.req == 'write':
                    if not _adopt(info.grad, g):
                        info.grad._t.copy_(g)
                else:
                    buffer = info.grad._t
                    # (an integer or boolean mx.np variable's gradient comes from its float64 shadow)
                    buffer.add_(g if g.dtype is buffer.dtype else g.to(buffer.dtype))
                info.fresh = True
    if not retain_graph:
        _consume(nodes)
        for head in heads:
            if head._t.grad_fn is not None:
                head._t = head._t.detach()


def grad(heads, variables, head_grads=None, retain_graph=None, create_graph=False, train_mode=True):
    """The gradients (tensors, one per variable) of `heads` with respect to `variables`, recorded for
    further differentiation with `create_graph`. Each variable must be one (attached, grad_req not 'null')
    that the heads' graph reaches, else MXNet's error naming it; nothing is consumed then."""
    heads, tensors, grads = _heads(heads, head_grads)
    if retain_graph is None:
        retain_graph = create_graph
    targets = [v._t for v in variables]
    first = {}
    for i, t in enumerate(targets, 1):
        info = getattr(t, '_mx_ag', None)
        if info is None or info.req == 'null' or t.grad_fn is not None:
            raise MXNetError(_NOT_A_VARIABLE.format(i))
        if first.setdefault(id(t), i) != i:
            # MXNet fails on a variable given twice (an internal check); say which
            raise MXNetError('Cannot differentiate with respect to the {}-th variable: it is the {}-th variable '
                             'again; give each variable once'.format(i, first[id(t)]))
        if not t.requires_grad:
            raise MXNetError('Cannot differentiate with respect to the {}-th variable: mxtorch has no gradients '
                             'of {} arrays'.format(i, TORCH_TO_NAME.get(t.dtype, t.dtype)))
    leaves, nodes = reached_leaves(tensors)
    reached = {id(t) for t in leaves}
    for i, t in enumerate(targets, 1):
        if id(t) not in reached:
            raise MXNetError(_UNREACHABLE.format(i))
    previous = _state.set_state(create_graph, train_mode)
    try:
        results = torch.autograd.grad(tensors, targets, grad_outputs=grads, retain_graph=retain_graph,
                                      create_graph=create_graph, allow_unused=True)
    finally:
        _state.set_state(*previous)
    if not retain_graph:
        _consume(nodes)
    # zeros where no gradient flowed back to a variable, or where torch hands out its read-only ZeroTensor
    gradients = [torch.zeros_like(t) if g is None or g._is_zerotensor() else g for t, g in zip(targets, results)]
    if create_graph:
        # MXNet records every gradient computed with create_graph, also one that does not depend on the
        # variables (of abs, floor, clip, ...): differentiating it again gives zeros, not an error. Such a
        # gradient becomes a new leaf that counts as reaching its variable.
        for k, (g, t) in enumerate(zip(gradients, targets)):
            if not g.requires_grad:
                g = gradients[k] = g.detach().requires_grad_()
                g._mx_reaches = (t,)
    return gradients
