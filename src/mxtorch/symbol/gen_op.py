"""``mx.sym.gen_op``: MXNet's generated module of these operators as Symbol functions (see _generated_modules)."""
from .._generated_modules import symbol_view as _view

globals().update(_view('op'))
