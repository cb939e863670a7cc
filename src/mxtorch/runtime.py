"""Runtime feature detection (mx.runtime)."""
