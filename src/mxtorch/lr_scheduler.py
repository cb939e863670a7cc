"""Learning-rate schedulers (mx.lr_scheduler)."""
