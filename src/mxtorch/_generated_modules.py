"""MXNet's generated operator modules (``mx.nd.gen_op``, ``mx.sym.gen_contrib``, ...) as views of the table.

MXNet writes one Python module per operator prefix when it starts (``gen_op`` for the names without a
prefix, ``gen_contrib`` for ``_contrib_*``, ``gen_random`` for ``_random_*`` ...) and re-exports them as
``mx.nd.op``, ``mx.nd.contrib`` and so on. Here those modules hold the very functions ``mx.nd`` /
``mx.sym`` already have, under the names MXNet's operator facts place in them; nothing is made twice."""

__all__ = ['mxnet_names', 'ndarray_view', 'symbol_view']


def mxnet_names(module):
    """The function names MXNet's ``gen_<module>`` holds ('op' for the names without a prefix; '_internal'
    for the other names starting with '_')."""
    from .symbol import _opdefs
    prefixes = ('_contrib_', '_linalg_', '_sparse_', '_image_', '_random_', '_np_', '_npx_', '_npi_')
    names = set()
    for real, entry in _opdefs.facts().items():
        for mx_name in [real] + list(entry['aliases']):
            if module == 'op':
                if not mx_name.startswith('_'):
                    names.add(mx_name)
            elif module == '_internal':
                if mx_name.startswith('_') and not mx_name.startswith(prefixes):
                    names.add(mx_name)
            elif mx_name.startswith('_' + module + '_'):
                names.add(mx_name[len(module) + 2:])
    return sorted(names)


def ndarray_view(module):
    """{name: function} of ``mx.nd.gen_<module>``: the table's function for each of MXNet's names."""
    from .ndarray import registry
    from . import ndarray as nd
    namespace = {'op': '', '_internal': '_internal'}.get(module, module)
    table = registry.namespace_functions(namespace)
    front = nd if module == 'op' else getattr(nd, module)
    found = {}
    for name in mxnet_names(module):
        function = table.get(name, getattr(front, name, None))
        if function is None:
            # a few are in the table without their prefix (``_random_pdf_normal`` as mx.nd.random_pdf_normal)
            plain = name.lstrip('_') if module == '_internal' else module + '_' + name
            function = registry.namespace_functions('').get(plain)
        if function is not None:
            found[name] = function
    # MXNet's generated modules name the array class's C base; NDArray is ours (isinstance holds either way)
    found['NDArrayBase'] = nd.NDArray
    return found


def symbol_view(module):
    """{name: function} of ``mx.sym.gen_<module>``: the Symbol function of each of MXNet's names (those
    ``mx.sym`` places in ``_internal``, such as ``_random_uniform``, found there)."""
    from .symbol import register
    placed = register.module_functions(module)
    internal = register.module_functions('_internal')
    found = {}
    for name in mxnet_names(module):
        function = placed.get(name, internal.get('_{}_{}'.format(module, name)))
        if function is not None:
            found[name] = function
    found['SymbolBase'] = register.Symbol
    return found
