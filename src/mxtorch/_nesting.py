"""Nested lists of arrays or Symbols, flattened and put back: the layouts the control-flow functions of
mx.nd.contrib and mx.sym.contrib (foreach, while_loop, cond) keep of their bodies' inputs and outputs.

A layout is 0 for one leaf, a count n > 1 for a leaf standing for n items (a Symbol of n outputs, put back
as a list of them), or a list of layouts for a list or tuple (put back as a list)."""

__all__ = ['flatten', 'regroup']


def flatten(value, leaf, what, width=None):
    """(the leaves of `value` in order, its layout). `leaf` is the leaf class (NDArray, Symbol); `width`
    (optional) gives a leaf's layout; anything that is neither a leaf nor a list/tuple is MXNet's
    AssertionError naming `what`."""
    if isinstance(value, leaf):
        return [value], (0 if width is None else width(value))
    if not isinstance(value, (list, tuple)):
        raise AssertionError('{} must be (nested) list of {}, but got {} of type {}'.format(
            what, leaf.__name__, value, type(value)))
    items, layout = [], []
    for item in value:
        found, part = flatten(item, leaf, what, width)
        items.extend(found)
        layout.append(part)
    return items, layout


def regroup(items, layout):
    """(`items` (a flat list) put back into `layout`, the items left over)."""
    if isinstance(layout, int):
        if layout == 0:
            return items[0], items[1:]
        return items[:layout], items[layout:]
    out = []
    for part in layout:
        value, items = regroup(items, part)
        out.append(value)
    return out, items
