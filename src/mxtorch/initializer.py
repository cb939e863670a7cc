"""Weight initializers (mx.init / mx.initializer)."""
