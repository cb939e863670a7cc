"""How ndarray/ and autograd are put together: each module imports only the layers below it (DESIGN.md),
with no import deferred into a function to get around a cycle."""
import ast
import os

import pytest
import torch

import mxtorch as mx
from mxtorch import nd

SRC = os.path.join(os.path.dirname(mx.__file__))


def _imports(relative):
    """{(module imported, whether inside a function)} of a source file, module names resolved to
    'mxtorch.<...>'."""
    path = os.path.join(SRC, relative)
    package = ['mxtorch'] + relative.split(os.sep)[:-1]
    found = set()

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.ImportFrom):
                base = package[:len(package) - child.level + 1] if child.level else []
                module = '.'.join(base + ([child.module] if child.module else []))
                found.add((module, inner))
                found.update((module + '.' + alias.name, inner) for alias in child.names)
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    found.add((alias.name, inner))
            visit(child, inner)
    with open(path) as f:
        visit(ast.parse(f.read()), False)
    return found


def _mine():
    files = ['autograd.py', '_autograd.py', '_state.py']
    for root, _, names in os.walk(os.path.join(SRC, 'ndarray')):
        files += [os.path.relpath(os.path.join(root, n), SRC) for n in names if n.endswith('.py')]
    others = {os.path.join('ndarray', 'ops', n) for n in ('rnn.py', 'loss.py')}  # the rnn and layers code's
    return sorted(f for f in files if f not in others)


@pytest.mark.parametrize('relative', _mine())
def test_no_import_is_deferred_into_a_function(relative):
    deferred = sorted(m for m, inner in _imports(relative) if inner and m.startswith('mxtorch'))
    assert not deferred, deferred


def test_ndarray_class_imports_no_operator_and_no_autograd_front_end():
    imported = {m for m, _ in _imports(os.path.join('ndarray', 'ndarray.py'))}
    assert not any(m.startswith(('mxtorch.ndarray.ops', 'mxtorch.ndarray.registry', 'mxtorch.autograd',
                                 'mxtorch.ndarray.serialization')) for m in imported), imported


def test_the_autograd_core_and_the_file_record_codec_sit_below_ndarray():
    for relative in ('_autograd.py', '_state.py', os.path.join('ndarray', '_codec.py')):
        imported = {m for m, _ in _imports(relative)}
        assert not any(m.startswith(('mxtorch.ndarray.ndarray', 'mxtorch.ndarray.registry', 'mxtorch.autograd',
                                     'mxtorch.util', 'mxtorch.gluon')) for m in imported), (relative, imported)


def test_serialization_does_not_reach_up_to_util():
    imported = {m for m, _ in _imports(os.path.join('ndarray', 'serialization.py'))}
    assert not any(m.startswith('mxtorch.util') for m in imported), imported


def test_numpy_shape_semantics_reach_the_file_format_through_the_shared_flag(tmp_path):
    path = str(tmp_path / 'scalar.nd')
    with mx.np_shape(True):
        nd.save(path, [nd.ones((2, 0))])
        loaded = nd.load(path)
    assert loaded[0].shape == (2, 0)
    with pytest.raises(mx.MXNetError, match='numpy shape semantics'):
        nd.load(path)


def test_operator_methods_and_dunders_come_from_the_table():
    from mxtorch.ndarray import registry, _methods
    assert nd.NDArray.exp is registry.OPS[('', 'exp')].function
    assert nd.NDArray.__add__ is _methods.METHODS['__add__']
    assert not hasattr(registry, 'bind_ndarray') and not hasattr(registry, 'in_graph')


@pytest.mark.skipif(not torch.cuda.is_available(), reason='page-locked memory needs CUDA')
def test_cpu_pinned_arrays_are_page_locked():
    for x in (nd.zeros((2, 3), ctx=mx.cpu_pinned()), nd.array([1, 2], ctx=mx.cpu_pinned()),
              nd.ones((2,)).as_in_context(mx.cpu_pinned())):
        assert x._t.is_pinned() and x.context == mx.cpu_pinned()


def test_cpu_pinned_arrays_without_cuda_are_ordinary_cpu_memory_labelled_pinned():
    x = nd.zeros((2, 3), ctx=mx.cpu_pinned())
    assert x.context == mx.cpu_pinned() and x._t.device.type == 'cpu'
    assert (x + 1).context == mx.cpu_pinned()
