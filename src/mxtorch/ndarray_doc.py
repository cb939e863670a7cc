"""mx.ndarray_doc: extra, Python-specific documentation for imperative operators.

A class ``<Op>Doc`` deriving from ``NDArrayDoc`` holds, as its docstring, examples appended to the
documentation that ``_build_doc`` writes for operator ``<Op>``.
"""
import re as _re


def _build_param_doc(arg_names, arg_types, arg_descs, remove_dup=True):
    """A NumPy-style 'Parameters' section for the arguments (``num_args`` left out; a repeated name kept
    once unless `remove_dup` is False)."""
    seen, entries = set(), []
    for key, type_info, desc in zip(arg_names, arg_types, arg_descs):
        if key == 'num_args' or (remove_dup and key in seen):
            continue
        seen.add(key)
        entries.append('%s : %s' % (key, type_info) + ('\n    ' + desc if desc else ''))
    return 'Parameters\n----------\n' + '\n'.join(entries) + '\n'


def _extra_doc(base, func_name):
    """The docstrings of `base`'s direct subclasses named `func_name`Doc, one indentation level removed."""
    docs = [cls.__doc__ for cls in type.__subclasses__(base) if cls.__name__ == func_name + 'Doc']
    return _re.sub('    ', '', '\n' + '\n'.join(docs))


class NDArrayDoc(object):
    """Base class of the extra operator documents."""


class ReshapeDoc(NDArrayDoc):
    """
    Examples
    --------
    A shape with the same number of elements:

    >>> a = mx.nd.arange(6)
    >>> mx.nd.reshape(a, shape=(3, 2)).shape
    (3, 2)

    ``0`` keeps the input's size at that position and ``-1`` is inferred from the rest:

    >>> b = mx.nd.zeros((4, 5, 6))
    >>> mx.nd.reshape(b, shape=(0, -1)).shape
    (4, 30)
    """


class elemwise_addDoc(NDArrayDoc):
    """
    Example
    -------
    Adds two arrays of one shape element by element:

    >>> mx.nd.elemwise_add(mx.nd.array([1, 2]), mx.nd.array([10, 20])).asnumpy()
    array([11., 22.], dtype=float32)
    """


class BroadcastToDoc(NDArrayDoc):
    """
    Examples
    --------
    Axes of size 1 are repeated to the requested size:

    >>> col = mx.nd.array([[1], [2], [3]])
    >>> col.broadcast_to((3, 4)).shape
    (3, 4)
    >>> col.broadcast_to((3, 2)).asnumpy()
    array([[1., 1.],
           [2., 2.],
           [3., 3.]], dtype=float32)
    """


class StackDoc(NDArrayDoc):
    """
    Example
    --------
    Joins arrays of one shape along a new axis:

    >>> p, q = mx.nd.array([1, 2]), mx.nd.array([5, 6])
    >>> mx.nd.stack(p, q).asnumpy()
    array([[1., 2.],
           [5., 6.]], dtype=float32)
    >>> mx.nd.stack(p, q, axis=1).asnumpy()
    array([[1., 5.],
           [2., 6.]], dtype=float32)
    """


class CustomDoc(NDArrayDoc):
    """
    Example
    -------
    Runs the Python operator registered as ``'my_op'`` (see mx.operator.register) on ``data``:

    >>> result = mx.nd.Custom(data, op_type='my_op')
    """


def _build_doc(func_name, desc, arg_names, arg_types, arg_desc, key_var_num_args=None, ret_type=None):
    """The docstring of imperative operator `func_name`: its description, parameters, the ``out``
    argument, what it returns, then the examples of ``<func_name>Doc`` if there is one."""
    doc = ('%s\n\n%s\nout : NDArray, optional\n    The output NDArray to hold the result.\n\n'
           'Returns\n-------\nout : NDArray or list of NDArrays\n    The output of this function.'
           % (desc, _build_param_doc(arg_names, arg_types, arg_desc)))
    doc += _extra_doc(NDArrayDoc, func_name)
    return _re.sub('NDArray-or-Symbol', 'NDArray', doc)
