"""``mx.cython``: in MXNet the optional Cython build of its operator calls; mxtorch calls PyTorch directly,
so the package is empty, as MXNet's is when the extension is not built."""
