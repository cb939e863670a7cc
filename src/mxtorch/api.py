"""mx.api: the namespace where MXNet's FFI puts the C++ functions registered under the prefix 'mxnet.api'.

MXNet 1.9.1 registers none there, so its ``mx.api`` has no public names; mxtorch's, with no C++ side,
has none either. (MXNet's NumPy operators go through ``mx.np`` / ``mx.npx``, not this namespace.)
"""
