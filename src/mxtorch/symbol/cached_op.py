"""``mx.nd.CachedOp``: a Symbol run as one imperative operator.

MXNet's CachedOp is the graph behind a hybridized block, also callable by hand: ``op = mx.nd.CachedOp(sym)``
then ``op(*arrays)`` with one array per input of ``sym.list_inputs()``, in that order. Here the graph is
lowered once to a torch program (as an Executor's is) and each call runs it on the arrays given, so that
autograd records through it like any operator; ``out=`` writes the outputs into existing arrays."""
from ..base import MXNetError
from ..ndarray.ndarray import NDArray
from ..ndarray.registry import _wrap_any, _write_out
from . import _graph
from .executor import lower


class CachedOp:
    """A Symbol made one operator over arrays; `flags` are MXNet's CachedOp options ((key, value) pairs,
    such as ``('static_alloc', True)``): kept, they change nothing in how the program runs."""
    __slots__ = ('_symbol', '_names', '_program', '_flags', '_monitor_callback')

    def __init__(self, sym, flags=()):
        self._symbol = sym
        self._names = sym.list_inputs()
        by_name = {n.name: n for n in _graph.topological(sym._entries) if n.op is None}
        self._program = lower(sym._entries, [by_name[name] for name in self._names])
        self._flags = tuple((str(k), str(v)) for k, v in flags)
        self._monitor_callback = None

    def __call__(self, *args, **kwargs):
        out = kwargs.pop('out', None)
        if kwargs:
            raise TypeError('CachedOp.__call__ got unexpected keyword argument(s): ' + ', '.join(kwargs.keys()))
        if len(args) != len(self._names):
            raise MXNetError('CachedOp: the graph has {} inputs ({}) but {} arrays were given'.format(
                len(self._names), ', '.join(self._names), len(args)))
        for name, a in zip(self._names, args):
            if not isinstance(a, NDArray):
                raise TypeError('CachedOp: input {!r} must be an NDArray, got {}'.format(name, type(a).__name__))
        first = args[0] if args else None
        try:
            if first is not None:
                with first.context:
                    results = self._program(*[a._t for a in args])
            else:
                results = self._program()
        except MXNetError:
            raise
        except (RuntimeError, ValueError, TypeError, IndexError) as e:
            raise MXNetError('CachedOp: {}'.format(e)) from None
        results = list(results)
        if out is not None:
            _write_out(results if isinstance(out, (list, tuple)) else results[0], out, 'CachedOp', args)
            return out
        label, cls = (first._ctx, first.__class__) if first is not None else (None, NDArray)
        arrays = _wrap_any(results, label, cls)     # (recording the results that require grad)
        return arrays[0] if len(arrays) == 1 else arrays
