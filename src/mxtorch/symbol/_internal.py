"""``mx.sym._internal``: MXNet's internal operators (the nodes of Symbol arithmetic, creation functions,
samplers, ...) and mxtorch's own kernels that Gluon layers call through ``F._internal``."""
from . import register as _register

globals().update(_register.module_functions('_internal'))

_generic_cached_op = globals().get('_CachedOp')


def _CachedOp(*data, **kwargs):
    """A graph given as MXNet's JSON (``subgraph=``) applied to the Symbols `data`, one per input of the
    graph in ``list_inputs()`` order (auxiliary states included). mxtorch composes the graph onto them
    in place of one opaque node; the values and gradients are the same."""
    subgraph = kwargs.pop('subgraph', None)
    if subgraph is None:
        return _generic_cached_op(*data, **kwargs)
    from .symbol import load_json
    graph = load_json(subgraph)
    names = graph.list_inputs()
    if len(names) != len(data):
        raise ValueError('_CachedOp: the subgraph has {} inputs ({}), got {} Symbols'.format(
            len(names), ', '.join(names), len(data)))
    return graph(**dict(zip(names, data)))
