"""Common subexpression elimination over a graph: what an executor's ``get_optimized_symbol`` shows when
``MXNET_ELIMINATE_COMMON_EXPR`` is on (MXNet's default, read when the executor is made).

Two operator nodes compute the same thing when they apply the same operator with the same attributes to
the same inputs (the same outputs of the same nodes). One of them then serves the consumers of both; the
merging repeats until no pair is left, since merging nodes can make their consumers equal in turn.
Nodes whose result is not a function of their inputs alone are never merged: random draws (Dropout,
samplers, shuffles), operators that update their inputs (auxiliary states, optimizer updates), and
stateful or user-defined ones (RNN, Custom, control flow). When two outputs of the graph end up as the
same entry after a pass, the later ones become ``_copy`` nodes of it (``<node>_<k>_copy``), so that each
output keeps a buffer of its own; equal copies are merged again by the next pass."""
from . import _graph, _opdefs

__all__ = ['eliminate_common_expr', 'enabled']

_STATEFUL = frozenset(('Dropout', 'RNN', 'Custom', '_foreach', '_while_loop', '_cond', '_CachedOp',
                       '_shuffle', 'BatchNorm', 'SyncBatchNorm', '_contrib_SyncBatchNorm'))
_RANDOM_PARTS = ('random', 'sample', 'multinomial', 'bernoulli', 'dropout')


def enabled(environ):
    """MXNET_ELIMINATE_COMMON_EXPR as MXNet reads it: on unless set to a false integer ('0')."""
    text = environ.get('MXNET_ELIMINATE_COMMON_EXPR')
    if text is None or not text.strip():
        return True
    try:
        return int(text) != 0
    except ValueError:
        return text.strip().lower() not in ('false', 'no', 'off')


def _mergeable(node):
    if node.op is None or node.subgraphs is not None:
        return False
    name = node.op.name
    if name in _STATEFUL or name.endswith('_update') or node.op.aux:
        return False
    lowered = name.lower()
    return not any(part in lowered for part in _RANDOM_PARTS)


def _pairs(entries):
    """(kept, replaced) pairs of equal nodes among those with the same inputs."""
    groups = {}
    for node in _graph.topological(entries):
        if node.inputs:
            groups.setdefault(tuple((id(src), k) for src, k in node.inputs), []).append(node)
    found = []
    for group in groups.values():
        taken = set()
        for i, kept in enumerate(group):
            if i in taken or not _mergeable(kept):
                continue
            for j in range(i + 1, len(group)):
                other = group[j]
                if j not in taken and other.op is kept.op and other.attrs == kept.attrs:
                    taken.add(j)
                    found.append((kept, other))
    return found


def _copied(entries):
    copies = {}
    for node in _graph.topological(entries):
        copy = _graph.Node(node.op, node.name, node.attrs, [(copies[id(s)], k) for s, k in node.inputs],
                           node.input_names, node.num_outputs, node.versions)
        copy.version, copy.subgraphs = node.version, node.subgraphs
        copies[id(node)] = copy
    return [(copies[id(n)], k) for n, k in entries]


def eliminate_common_expr(entries):
    """The output entries of a copy of the graph of `entries` with equal nodes merged (the graph given
    is left as it is)."""
    entries = _copied(entries)
    while True:
        pairs = _pairs(entries)
        if not pairs:
            return entries
        for kept, replaced in pairs:
            for node in _graph.topological(entries):
                node.inputs = [(kept if src is replaced else src, k) for src, k in node.inputs]
            entries = [(kept if n is replaced else n, k) for n, k in entries]
        # each pass gives repeated outputs copies of their own (which a later pass may merge in turn)
        entries = _isolated_outputs(entries)


def _isolated_outputs(entries):
    copy_op = _opdefs.opdef('_copy')
    out, copies = [], {}
    for node, k in entries:
        key = (id(node), k)
        if key not in copies:
            copies[key] = 0
            out.append((node, k))
            continue
        made = _graph.Node(copy_op, '%s_%d_copy' % (node.name, copies[key]), {}, [(node, k)], ['data'])
        copies[key] += 1
        out.append((made, 0))
    return out
