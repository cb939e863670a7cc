"""The memory an executor's graph needs besides its bound arrays: the "Total N MB allocated" line of
``Executor.debug_str`` (and of Module's executor group).

torch allocates intermediate results as it runs, so the figure is a plan of what a run holds at most, made
the way MXNet's memory planner makes its own: every operator output takes a buffer, a buffer whose last
reader has run goes back to a pool and serves a later output of the same size, and operators that only
pass their input on (BlockGrad, reshape, ...) keep it in place. When a backward pass is needed (some
argument wants a gradient that reaches an output through operators other than BlockGrad/stop_gradient,
MXNet's zero-gradient propagation), the forward outputs on those paths stay alive for it, and the
gradients of the intermediate results (one buffer per use, summed when an entry is used more than once)
are planned the same way; gradients of arguments used once go straight into their gradient arrays, and
head gradients are the caller's."""
from . import _graph

__all__ = ['planned_bytes']

# operators whose output can take over its input's buffer
_IN_PLACE = frozenset(('BlockGrad', 'stop_gradient', 'identity', '_copy', 'Reshape', 'reshape', 'Flatten',
                       'flatten', 'expand_dims', 'squeeze', 'MakeLoss', 'make_loss', 'reshape_like',
                       '_identity_with_attr_like_rhs', 'Cast', 'cast', 'amp_cast'))
_BLOCKING = frozenset(('BlockGrad', 'stop_gradient'))


class _Pool:
    """Buffers by size: a request takes a free one of that size or makes one (counted)."""

    def __init__(self):
        self.free, self.total = {}, 0

    def take(self, size):
        if self.free.get(size):
            self.free[size] -= 1
        else:
            self.total += size
        return size

    def give(self, size):
        self.free[size] = self.free.get(size, 0) + 1


def _live_nodes(entries, order, wants_grad):
    """The operator nodes a backward pass goes through: reachable from a variable that wants a gradient,
    and reaching an output, both through operators other than the blocking ones."""
    from_args = set()
    for node in order:
        if node.op is None:
            if node.name in wants_grad:
                from_args.add(id(node))
        elif node.op.name not in _BLOCKING and any(id(src) in from_args for src, _ in node.inputs):
            from_args.add(id(node))
    to_heads, todo = set(), [n for n, _ in entries]
    while todo:
        node = todo.pop()
        if id(node) in to_heads or node.op is None or node.op.name in _BLOCKING:
            continue
        to_heads.add(id(node))
        todo.extend(src for src, _ in node.inputs)
    return {i for i in from_args if i in to_heads}


def planned_bytes(entries, size_of, wants_grad):
    """Bytes of the planned buffers of a run of the graph of `entries`: `size_of(node, k)` is the size
    in bytes of output k of a node, `wants_grad` the names of the arguments whose gradients are asked."""
    order = _graph.topological(entries)
    live = _live_nodes(entries, order, wants_grad)
    outputs = {(id(n), k) for n, k in entries}
    readers = {}
    for node in order:
        for src, k in node.inputs:
            readers[(id(src), k)] = readers.get((id(src), k), 0) + 1
    pool = _Pool()
    left = dict(readers)
    held = {}                                    # entry -> buffer size, for op outputs
    for node in order:
        if node.op is None:
            continue
        inputs = [(id(src), k) for src, k in node.inputs]
        passed = None
        if node.op.name in _IN_PLACE and inputs and inputs[0] in held and left[inputs[0]] == 1 \
                and inputs[0] not in outputs and not (id(node.inputs[0][0]) in live):
            passed = inputs[0]
        for k in range(node.num_outputs):
            if passed is not None and k == 0:
                held[(id(node), 0)] = held.pop(passed)
                left[passed] = 0
                continue
            held[(id(node), k)] = pool.take(size_of(node, k))
        for key in inputs:
            if key == passed:
                continue
            left[key] -= 1
            if left[key] == 0 and key in held and key not in outputs and key[0] not in live:
                pool.give(held.pop(key))
        for k in range(node.num_outputs):
            key = (id(node), k)
            if not readers.get(key) and key not in outputs and id(node) not in live and key in held:
                pool.give(held.pop(key))
    if live:
        _plan_backward(order, entries, live, size_of, pool, readers, wants_grad)
    return pool.total


def _plan_backward(order, entries, live, size_of, pool, readers, wants_grad):
    pending = {}                                 # entry -> sizes of the gradient contributions it has
    for node in reversed(order):
        if node.op is None or id(node) not in live:
            continue
        own = []
        for k in range(node.num_outputs):
            key = (id(node), k)
            parts = pending.pop(key, [])
            if len(parts) > 1:
                own.append(pool.take(size_of(node, k)))       # the contributions summed
                for size in parts:
                    pool.give(size)
            else:
                own.extend(parts)
        made = []
        for src, k in node.inputs:
            if src.op is None:
                if src.name in wants_grad and readers.get((id(src), k), 0) > 1:
                    made.append(((id(src), k), pool.take(size_of(src, k))))
                continue
            if id(src) in live:
                made.append(((id(src), k), pool.take(size_of(src, k))))
        for size in own:
            pool.give(size)
        for key, size in made:
            pending.setdefault(key, []).append(size)
    # (what is left are the uses of arguments, summed into their gradient arrays)
