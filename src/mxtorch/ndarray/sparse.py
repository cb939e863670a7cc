"""mx.nd.sparse: mxtorch has no sparse storage; this module exists so that imports of it work."""
