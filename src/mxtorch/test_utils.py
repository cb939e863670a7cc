"""Testing utilities of MXNet (mx.test_utils) for mxtorch arrays."""
