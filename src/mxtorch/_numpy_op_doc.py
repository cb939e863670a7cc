"""MXNet keeps here the NumPy-style documentation of its backend ``_np_*`` operators; mxtorch's np
functions carry their own docstrings, so the module is empty (MXNet's tests import it)."""
