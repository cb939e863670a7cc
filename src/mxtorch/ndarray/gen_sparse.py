"""``mx.nd.gen_sparse``: MXNet's generated module of these operators, a view of the table (see _generated_modules)."""
from .._generated_modules import ndarray_view as _view

globals().update(_view('sparse'))
